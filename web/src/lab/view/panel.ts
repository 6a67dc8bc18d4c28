// lab/view/panel.ts — the training block of a lab view, as a template of the view's LabState: its
// settings (given by the view), the Train / Pause–Resume / Reset buttons, the progress bar, the
// status line (data-phase, data-steps, data-wall-ms, data-train-ms for tests), a polite live region
// for announcements, the error box and the table of the run's models with their parameters, steps,
// training time and steps per second as the worker measured them. The page renders it again on
// every state change; buttons dispatch the learner's events. It does not compute any result (the
// worker's rate is shown as given).
import type { ModelKey, RunConfig } from '../protocol';
import { active, lead, wallMs, type LabEvent, type LabState } from '../reducer';
import { L } from '../text';
import { fmt } from '../../ui/format';
import { html, live, nothing } from '../../ui/render';
import { dataTable } from '../../ui/dataTable';

export const seconds = (ms: number) => fmt(ms / 1000, 1);

/** The display name of a model of a run. */
export function modelName(k: ModelKey, c: RunConfig): string {
  if (k === 'none') return L('model.none');
  if (k === 'attn') return L(c.attention === 'dot' ? 'model.attnDot' : 'model.attnAdditive');
  return L('model.transformer');
}

/** A number input bound to an integer setting: shows the setting's value, writes a valid entry to
 *  it, and on an invalid one asks for a render (`redraw`), which puts the setting's value back. */
export function numberBox(opts: {
  key: string;
  /** The input's id (unique on the page: both views have a seed box). */
  id: string;
  label: string;
  help: string;
  min: number;
  max: number;
  step: number;
  value: number;
  set(v: number): void;
  redraw(): void;
}): unknown {
  const helpId = `${opts.id}-help`;
  const change = (e: Event) => {
    const v = Number((e.currentTarget as HTMLInputElement).value);
    if (Number.isInteger(v) && v >= opts.min && v <= opts.max && v % opts.step === 0 && v !== opts.value) opts.set(v);
    else opts.redraw();
  };
  return html`<div class="ctl ctl-number">
    <label for=${opts.id}>${opts.label}</label
    ><input
      type="number"
      id=${opts.id}
      min=${opts.min}
      max=${opts.max}
      step=${opts.step}
      .value=${live(String(opts.value))}
      data-key=${opts.key}
      aria-describedby=${helpId}
      class="blab-seed"
      @change=${change}
    />
    <p class="ctl-help" id=${helpId}>${opts.help}</p>
  </div>`;
}

export interface PanelOpts {
  /** Id of the panel's heading (and prefix of its other ids). */
  id: string;
  title: string;
  controls: unknown;
  dispatch(e: LabEvent): void;
  train(): void;
  trainLabel(s: LabState): string;
  /** The announcement's text, fixed when the announcement was made (the page keeps it). */
  announced: string;
}

/** The status line's text at time `now`. */
export function statusText(s: LabState, now: number): string {
  const { steps, total } = lead(s);
  const tf = s.models.includes('transformer') && s.view === 'compare' && s.budget.transformer;
  const tfPart = tf
    ? ' ' +
      L('status.transformer', {
        steps: s.steps.transformer ?? 0,
        total: s.budget.transformer ?? 0,
        loss: s.latest.transformer ? fmt(s.latest.transformer.loss, 3) : '—',
      })
    : '';
  switch (s.phase) {
    case 'idle':
      return s.note ? L(`status.${s.note}`) : L(s.view === 'heads' ? 'heads.status.idle' : s.config.transformer ? 'status.idleAll' : 'status.idle');
    case 'starting':
      return L('status.starting');
    case 'training':
      if (s.view === 'heads')
        return L('heads.status.training', {
          steps,
          total,
          loss: s.latest.transformer ? fmt(s.latest.transformer.loss, 3) : '—',
          seconds: seconds(wallMs(s, now)),
        });
      return (
        L('status.training', {
          steps,
          total,
          lossNone: s.latest.none ? fmt(s.latest.none.loss, 3) : '—',
          lossAttn: s.latest.attn ? fmt(s.latest.attn.loss, 3) : '—',
          gradNone: s.latest.none ? fmt(s.latest.none.gradNorm, 2) : '—',
          gradAttn: s.latest.attn ? fmt(s.latest.attn.gradNorm, 2) : '—',
          seconds: seconds(wallMs(s, now)),
        }) + tfPart
      );
    case 'paused':
      return L(s.view === 'heads' ? 'heads.status.paused' : 'status.paused', { steps, total });
    case 'done':
      return L(s.view === 'heads' ? 'heads.status.done' : s.models.includes('transformer') ? 'status.doneAll' : 'status.done', {
        total,
        seconds: seconds(wallMs(s, now)),
      });
    case 'error':
      return '';
  }
}

/** The text a new announcement reads: the status line for done/paused, else its own message. */
export function announcementText(s: LabState, now: number): string {
  const k = s.announce?.key;
  if (!k) return '';
  return k === 'announce.done' || k === 'announce.paused' ? statusText(s, now) : L(k);
}

function modelsTable(s: LabState, capId: string): unknown {
  if (!s.info) return nothing;
  const info = s.info;
  const cells = (k: ModelKey) => {
    const t = s.timing[k];
    return html`<td data-col="parameters">${info[k]?.parameters.toLocaleString('en') ?? '—'}</td>
      <td data-col="steps">${`${s.steps[k] ?? 0} / ${s.budget[k] ?? 0}`}</td>
      <td data-col="seconds" data-ms=${t ? String(Math.round(t.ms)) : ''}>${t ? seconds(t.ms) : '—'}</td>
      <td data-col="rate">${t && t.perSecond > 0 ? fmt(t.perSecond, 0) : '—'}</td>`;
  };
  return html`<p class="blab-caption" id=${capId}>${L('models.caption')}</p>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby=${capId}>
      ${dataTable({
        class: 'blab-models-table',
        labelledBy: capId,
        cols: [L('models.model'), L('models.parameters'), L('models.steps'), L('models.seconds'), L('models.rate')],
        body: s.models.map(
          (k) =>
            html`<tr data-model=${k}>
              <th scope="row">${modelName(k, s.config)}</th>
              ${cells(k)}
            </tr>`,
        ),
      })}
    </div>`;
}

/** The training block; `after` goes at its end (the compare view's charts). */
export function trainingPanel(s: LabState, opts: PanelOpts, after: unknown = nothing): unknown {
  const on = active(s);
  const now = performance.now();
  const { steps, total } = lead(s);
  const budget = s.models.reduce((n, k) => n + (s.budget[k] ?? 0), 0);
  const done = s.models.reduce((n, k) => n + (s.steps[k] ?? 0), 0);
  const progressId = `${opts.id}-progress`;
  const reset = (e: Event) => {
    const train = (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLButtonElement>('[data-action="train"]');
    opts.dispatch({ type: 'reset' });
    train?.focus();
  };
  return html`<section class="blab-panel" aria-labelledby=${opts.id}>
    <h2 id=${opts.id}>${opts.title}</h2>
    ${opts.controls}
    <div class="row-tools blab-buttons">
      <button type="button" class="btn primary" data-action="train" ?disabled=${on} @click=${() => opts.train()}>${opts.trainLabel(s)}</button>
      <button
        type="button"
        class="btn"
        data-action="pause"
        ?disabled=${!on}
        aria-pressed=${String(s.phase === 'paused')}
        @click=${() => opts.dispatch({ type: 'pause' })}
      >
        ${s.phase === 'paused' ? L('resume') : L('pause')}
      </button>
      <button type="button" class="btn" data-action="reset" ?disabled=${s.run === 0 && s.phase !== 'error'} @click=${reset}>${L('reset')}</button>
    </div>
    <div class="blab-progress-row">
      <label for=${progressId} class="blab-progress-label">${L('progressLabel')}</label
      ><progress
        id=${progressId}
        class="blab-progress"
        aria-label=${L('progressLabel')}
        .max=${budget || 1}
        .value=${done}
        aria-valuetext=${`${steps} / ${total}`}
      ></progress>
    </div>
    <p
      class="blab-status"
      data-phase=${s.phase}
      data-steps=${String(steps)}
      data-wall-ms=${s.phase === 'done' ? String(Math.round(wallMs(s, now))) : nothing}
      data-train-ms=${s.phase === 'done' ? String(Math.round(s.trainMs)) : nothing}
    >
      ${statusText(s, now)}
    </p>
    <p class="blab-sr" aria-live="polite">${opts.announced}</p>
    <div class="core-error" role="alert" ?hidden=${s.phase !== 'error'}>${s.phase === 'error' ? L('workerError', { message: s.error ?? '' }) : ''}</div>
    <p class="callout warn blab-tf-error" ?hidden=${!s.transformerError}>
      ${s.transformerError ? L('transformer.unavailable', { message: s.transformerError }) : ''}
    </p>
    <div class="blab-models">${modelsTable(s, `${opts.id}-models`)}</div>
    ${after}
  </section>`;
}

/** Keeps keyboard focus off a panel button that just became disabled: moves it to Pause (or Reset)
 *  while a run is active, else to Train. Called by the page after each render. */
export function keepFocus(root: ParentNode, s: LabState): void {
  const f = document.activeElement;
  if (!(f instanceof HTMLButtonElement) || !f.disabled || !f.closest('.blab-buttons') || !root.contains(f)) return;
  const box = f.closest('.blab-buttons');
  const btn = (a: string) => box?.querySelector<HTMLButtonElement>(`[data-action="${a}"]`);
  const pause = btn('pause');
  (active(s) ? (pause && !pause.disabled ? pause : btn('reset')) : btn('train'))?.focus();
}
