// ui/dataTable.ts — the HTML data table lessons, the lab and the teacher's panel show numbers and
// choices in, as a lit template (ui/render.ts): an optional <caption> (or a label elsewhere on the
// page, by id), a row of column headers and a body. `rows` builds the common body of row-headed
// rows from cell contents; a caller whose rows carry attributes of their own passes its own <tr>s.
// It lays out what it is given; it computes nothing.
import { html, ifDefined, nothing, type TemplateResult } from './render';

export interface DataTableSpec {
  /** Classes besides "data-table" (e.g. "wide"). */
  class?: string;
  /** The table's data-stat name (what tests and the teacher find it by). */
  stat?: string;
  /** Caption content; or, with `labelledBy`, none: the label stands elsewhere on the page. */
  caption?: unknown;
  labelledBy?: string;
  /** The column headers, left to right (the first heads the row-header column). */
  cols: readonly unknown[];
  /** The body: <tr> templates (or `rows(...)`). */
  body: unknown;
}

export function dataTable(spec: DataTableSpec): TemplateResult {
  return html`<table
    class=${spec.class ? `data-table ${spec.class}` : 'data-table'}
    data-stat=${ifDefined(spec.stat)}
    aria-labelledby=${ifDefined(spec.labelledBy)}
  >
    ${
      spec.caption !== undefined
        ? html`<caption>
            ${spec.caption}
          </caption>`
        : nothing
    }
    <thead>
      <tr>
        ${spec.cols.map((c) => html`<th scope="col">${c}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${spec.body}
    </tbody>
  </table>`;
}

/** Body rows from their contents: each row's first entry is its header (<th scope="row">), the rest its cells. */
export function rows(entries: readonly (readonly unknown[])[]): TemplateResult[] {
  return entries.map(
    ([head, ...cells]) =>
      html`<tr>
        <th scope="row">${head}</th>
        ${cells.map((c) => html`<td>${c}</td>`)}
      </tr>`,
  );
}
