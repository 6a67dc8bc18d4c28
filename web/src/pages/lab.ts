// pages/lab.ts — placeholder for the bottleneck lab (#/lab), which another engineer builds later;
// lesson 1 links here. It only says so and links back to the course.
import { h } from '../ui/dom';
import { t } from '../ui/i18n';

export function labPage(): HTMLElement {
  return h(
    'article',
    { class: 'lab-page' },
    h('h1', { tabindex: -1 }, t('lab.title')),
    h('p', {}, t('lab.soon')),
    h('p', {}, h('a', { class: 'btn', 'data-route': 'bottleneck', href: '#/bottleneck' }, t('lab.back'))),
  );
}
