// ui/bridgePanel.ts — the "In PyTorch" panel under a lesson's figures, as a lit template: a
// closed <details> holding the lesson's PyTorch snippet for the learner's current state
// (web/src/bridge/) in <pre><code>, with a Copy button (the clipboard, or, where it is refused,
// the code selected for Ctrl+C and a visible note). Whether the panel is open and what the copy
// status says is the panel's own state, in an island (ui/render.ts): the page renders it again
// on every state change, and the snippet is built only while the panel is open. Layout and text
// only: the snippet and its numbers come from the bridge, which calls the core; nothing is
// computed here.
import { bridges, type Bridge } from '../bridge/index';
import type { LessonDef } from '../lessons/types';
import type { Core } from '../model/core';
import type { Values } from '../model/state';
import { lessonContent, t } from './i18n';
import { html, island, nothing, uniqueId, type Local } from './render';

type Def = Pick<LessonDef, 'slug' | 'file'>;
interface BridgeProps {
  def: Def;
  core: Core;
  store: { snapshot(): Values };
}
interface BridgeLocal {
  id: string;
  open: boolean;
  status: string;
  /** The code the status was written for (a new snippet clears it). */
  statusFor: string;
}

/** The snippet for the current state, or what to say instead (built only while the panel is open). */
function snippet({ def, core, store }: BridgeProps): { b?: Bridge; error: string } {
  const bridge = bridges[def.slug];
  if (!bridge) return { error: t('bridge.none') };
  try {
    const b = bridge(core, store.snapshot(), lessonContent(def.file));
    return b ? { b, error: '' } : { error: t('bridge.none') };
  } catch (e) {
    return { error: `${t('core.error')} ${(e as Error).message}` };
  }
}

function draw(props: BridgeProps, local: Local<BridgeLocal>): unknown {
  const { def } = props;
  const { id, open } = local.state;
  const codeId = `${id}-code`;
  const { b, error } = open ? snippet(props) : { error: '' };
  const code = b?.code ?? '';
  const status = local.state.statusFor === code ? local.state.status : '';
  const copy = async (e: Event) => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code);
      local.set({ status: t('bridge.copied'), statusFor: code });
    } catch {
      // Refused (no permission, not a secure context): select it so Ctrl+C / ⌘C copies it.
      const el = (e.target as Element | null)?.closest('details')?.querySelector('pre code');
      if (el) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
      local.set({ status: t('bridge.copyManual'), statusFor: code });
    }
  };
  const files = b?.files ?? [];
  const name = (f: string) => f.split('/').pop() ?? f;
  return html`<details class="bridge wide" data-bridge=${def.slug} @toggle=${(e: Event) => local.set({ open: (e.currentTarget as HTMLDetailsElement).open })}>
    <summary>${t('bridge.title')}</summary>
    <p class="ctl-help">${t('bridge.intro')}</p>
    <p class="callout warn bridge-notice" ?hidden=${!b?.notice}>${b?.notice ?? ''}</p>
    <p class="bridge-files" ?hidden=${!files.length}>
      ${files.length ? html`${t('bridge.files')} ${files.map((f, i) => html`${i ? ' · ' : ''}<a href=${f} download=${name(f)}>${name(f)}</a>`)}` : nothing}
    </p>
    <div class="row-tools" ?hidden=${open && !b}>
      <button type="button" class="btn small" aria-controls=${codeId} @click=${(e: Event) => void copy(e)}>${t('bridge.copy')}</button>
      <p class="bridge-status" role="status" aria-live="polite">${status}</p>
    </div>
    <pre
      class="bridge-code"
      id=${codeId}
      tabindex="0"
      aria-label=${t('bridge.codeLabel')}
      ?hidden=${open && !b}
    ><code class="language-python">${code}</code></pre>
    <p class="bridge-note">${b ? t('bridge.results', { names: Object.keys(b.expected).join(', ') }) : error}</p>
  </details>`;
}

/** The panel of lesson `def`; nothing when the lesson has no bridge (the review quiz). */
export function bridgePanel(def: Def, core: Core, store: { snapshot(): Values }): unknown {
  if (!bridges[def.slug]) return nothing;
  return html`<div
    class="bridge-box"
    ${island((): BridgeLocal => ({ id: uniqueId('bridge'), open: false, status: '', statusFor: '' }), draw, { def, core, store })}
  ></div>`;
}
