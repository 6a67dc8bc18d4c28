// ui/theme.ts — light/dark theme: follows prefers-color-scheme until the learner picks one with
// the toggle (remembered in localStorage). Sets data-theme on <html>; CSS does the rest. The
// toggle is a lit template whose label follows the theme: after a click, or a change of the
// system's scheme, the caller's `redraw` renders it again.
import { t } from './i18n';
import { html } from './render';

const KEY = 'attention-lab:theme';

function stored(): 'light' | 'dark' | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

export function current(): 'light' | 'dark' {
  return stored() ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

export function applyTheme(): void {
  document.documentElement.dataset.theme = current();
}

let watched = false;
/** The theme follows the system's scheme while the learner has not picked one; `redraw` renders the toggle's label again. */
function watch(redraw: () => void): void {
  if (watched) return;
  watched = true;
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    applyTheme();
    redraw();
  });
}

/** The theme toggle; `redraw` renders the shell again after the theme changed. */
export function themeToggle(redraw: () => void): unknown {
  watch(redraw);
  const dark = current() === 'dark';
  const flip = () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, next);
    } catch {
      /* not remembered */
    }
    applyTheme();
    redraw();
  };
  return html`<button type="button" class="btn small theme-toggle" aria-label=${dark ? t('theme.toLight') : t('theme.toDark')} @click=${flip}>
    ${dark ? `☀ ${t('theme.light')}` : `☾ ${t('theme.dark')}`}
  </button>`;
}
