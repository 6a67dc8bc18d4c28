// ui/theme.ts — light/dark theme: follows prefers-color-scheme until the learner picks one with
// the toggle (remembered in localStorage). Sets data-theme on <html>; CSS does the rest.
import { h } from './dom';
import { t } from './i18n';

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

export function themeToggle(): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'btn small theme-toggle' });
  const label = () => {
    const dark = current() === 'dark';
    b.textContent = dark ? `☀ ${t('theme.light')}` : `☾ ${t('theme.dark')}`;
    b.setAttribute('aria-label', dark ? t('theme.toLight') : t('theme.toDark'));
  };
  b.addEventListener('click', () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, next);
    } catch {
      /* not remembered */
    }
    applyTheme();
    label();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    applyTheme();
    label();
  });
  label();
  return b;
}
