// lab/view/panel.ts — the training block of a lab view: its settings (given by the view), the
// Train / Pause–Resume / Reset buttons, the progress bar, the status line (data-phase, data-steps,
// data-wall-ms, data-train-ms for tests), a polite live region for announcements, the error box and
// the table of the run's models with their parameters, steps, training time and steps per second
// as the worker measured them. It renders a LabState and dispatches the learner's events; it does
// not compute any result (the worker's rate is shown as given).
import type { ModelKey } from '../protocol';
import { active, lead, wallMs, type LabEvent, type LabState } from '../reducer';
import { L } from '../text';
import { h, uniqueId } from '../../ui/dom';
import { fmt } from '../../ui/format';
import type { RunConfig } from '../protocol';

export interface View {
  el: HTMLElement;
  render(s: LabState, prev: LabState | undefined): void;
}

export const seconds = (ms: number) => fmt(ms / 1000, 1);

/** The display name of a model of a run. */
export function modelName(k: ModelKey, c: RunConfig): string {
  if (k === 'none') return L('model.none');
  if (k === 'attn') return L(c.attention === 'dot' ? 'model.attnDot' : 'model.attnAdditive');
  return L('model.transformer');
}

/** A number input bound to an integer setting (kept when out of range). */
export function numberBox(opts: { key: string; label: string; help: string; min: number; max: number; step: number; get(): number; set(v: number): void }): {
  el: HTMLElement;
  sync(): void;
} {
  const id = uniqueId(`ctl-${opts.key}`);
  const helpId = uniqueId('help');
  const input = h('input', {
    type: 'number',
    id,
    min: opts.min,
    max: opts.max,
    step: opts.step,
    value: opts.get(),
    'data-key': opts.key,
    'aria-describedby': helpId,
    class: 'blab-seed',
  });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (Number.isInteger(v) && v >= opts.min && v <= opts.max && v % opts.step === 0) opts.set(v);
    else input.value = String(opts.get());
  });
  return {
    el: h('div', { class: 'ctl ctl-number' }, h('label', { for: id }, opts.label), input, h('p', { class: 'ctl-help', id: helpId }, opts.help)),
    sync: () => (input.value = String(opts.get())),
  };
}

export function trainingPanel(opts: {
  id: string;
  title: string;
  controls: HTMLElement;
  dispatch(e: LabEvent): void;
  train(): void;
  trainLabel(s: LabState): string;
}): View {
  const trainBtn = h('button', { type: 'button', class: 'btn primary', 'data-action': 'train' });
  const pauseBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'pause' }, L('pause'));
  const resetBtn = h('button', { type: 'button', class: 'btn', 'data-action': 'reset' }, L('reset'));
  const progressId = uniqueId('blab-progress');
  const progress = h('progress', { id: progressId, max: 1, value: 0, class: 'blab-progress', 'aria-label': L('progressLabel') });
  const status = h('p', { class: 'blab-status', 'data-phase': 'idle' }, L('status.idle'));
  const announcer = h('p', { class: 'blab-sr', 'aria-live': 'polite' });
  const errorBox = h('div', { class: 'core-error', role: 'alert', hidden: true });
  const notice = h('p', { class: 'callout warn blab-tf-error', hidden: true });
  const models = h('div', { class: 'blab-models' });

  trainBtn.addEventListener('click', () => opts.train());
  pauseBtn.addEventListener('click', () => opts.dispatch({ type: 'pause' }));
  resetBtn.addEventListener('click', () => {
    opts.dispatch({ type: 'reset' });
    trainBtn.focus();
  });

  function statusText(s: LabState, now: number): string {
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

  function renderModels(s: LabState): void {
    if (!s.info) {
      models.replaceChildren();
      return;
    }
    const capId = uniqueId('blab-models');
    const cell = (k: ModelKey) => {
      const t = s.timing[k];
      return [
        h('td', { 'data-col': 'parameters' }, s.info?.[k]?.parameters.toLocaleString('en') ?? '—'),
        h('td', { 'data-col': 'steps' }, `${s.steps[k] ?? 0} / ${s.budget[k] ?? 0}`),
        h('td', { 'data-col': 'seconds', 'data-ms': t ? String(Math.round(t.ms)) : '' }, t ? seconds(t.ms) : '—'),
        h('td', { 'data-col': 'rate' }, t && t.perSecond > 0 ? fmt(t.perSecond, 0) : '—'),
      ];
    };
    models.replaceChildren(
      h('p', { class: 'blab-caption', id: capId }, L('models.caption')),
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': capId },
        h(
          'table',
          { class: 'data-table blab-models-table', 'aria-labelledby': capId },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, L('models.model')),
              h('th', { scope: 'col' }, L('models.parameters')),
              h('th', { scope: 'col' }, L('models.steps')),
              h('th', { scope: 'col' }, L('models.seconds')),
              h('th', { scope: 'col' }, L('models.rate')),
            ),
          ),
          h(
            'tbody',
            {},
            s.models.map((k) => h('tr', { 'data-model': k }, h('th', { scope: 'row' }, modelName(k, s.config)), cell(k))),
          ),
        ),
      ),
    );
  }

  const el = h(
    'section',
    { class: 'blab-panel', 'aria-labelledby': opts.id },
    h('h2', { id: opts.id }, opts.title),
    opts.controls,
    h('div', { class: 'row-tools blab-buttons' }, trainBtn, pauseBtn, resetBtn),
    h('div', { class: 'blab-progress-row' }, h('label', { for: progressId, class: 'blab-progress-label' }, L('progressLabel')), progress),
    status,
    announcer,
    errorBox,
    notice,
    models,
  );

  return {
    el,
    render(s, prev) {
      const focused = document.activeElement;
      const on = active(s);
      trainBtn.disabled = on;
      const label = opts.trainLabel(s);
      if (trainBtn.textContent !== label) trainBtn.textContent = label;
      pauseBtn.disabled = !on;
      pauseBtn.textContent = s.phase === 'paused' ? L('resume') : L('pause');
      pauseBtn.setAttribute('aria-pressed', String(s.phase === 'paused'));
      resetBtn.disabled = s.run === 0 && s.phase !== 'error';
      // Never leave keyboard focus on a button that just became disabled.
      if (focused instanceof HTMLButtonElement && focused.disabled && [trainBtn, pauseBtn, resetBtn].includes(focused))
        (on ? (pauseBtn.disabled ? resetBtn : pauseBtn) : trainBtn).focus();

      const budget = s.models.reduce((n, k) => n + (s.budget[k] ?? 0), 0);
      const done = s.models.reduce((n, k) => n + (s.steps[k] ?? 0), 0);
      progress.max = budget || 1;
      progress.value = done;
      const { steps, total } = lead(s);
      progress.setAttribute('aria-valuetext', `${steps} / ${total}`);

      const now = performance.now();
      status.textContent = statusText(s, now);
      status.dataset.phase = s.phase;
      status.dataset.steps = String(steps);
      if (s.phase === 'done') {
        status.dataset.wallMs = String(Math.round(wallMs(s, now)));
        status.dataset.trainMs = String(Math.round(s.trainMs));
      } else {
        delete status.dataset.wallMs;
        delete status.dataset.trainMs;
      }
      if (s.announce && s.announce !== prev?.announce) {
        const k = s.announce.key;
        announcer.textContent = k === 'announce.done' || k === 'announce.paused' ? status.textContent : L(k);
      }
      errorBox.hidden = s.phase !== 'error';
      errorBox.textContent = s.phase === 'error' ? L('workerError', { message: s.error ?? '' }) : '';
      notice.hidden = !s.transformerError;
      notice.textContent = s.transformerError ? L('transformer.unavailable', { message: s.transformerError }) : '';
      if (!prev || s.info !== prev.info || s.timing !== prev.timing || s.steps !== prev.steps || s.models !== prev.models) renderModels(s);
    },
  };
}
