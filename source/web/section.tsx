import type { ComponentChildren } from 'preact';

export interface SectionProps {
  readonly title: string;
  /** A short figure beside the title (a count, a total). */
  readonly note?: string;
  /** Said instead of the children when there is nothing to show. */
  readonly empty?: string;
  readonly isEmpty?: boolean;
  readonly wide?: boolean;
  readonly children?: ComponentChildren;
}

/** One card of the page: a title, then a table (scrolling sideways on a phone) or a line saying it is empty. */
export function Section({ title, note, empty, isEmpty, wide, children }: SectionProps) {
  const id = `s-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section class={wide ? 'card wide' : 'card'} id={id} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {title}
        {note ? <span class="note">{note}</span> : null}
      </h2>
      {isEmpty ? <p class="empty">{empty ?? 'None.'}</p> : <div class="scroll">{children}</div>}
    </section>
  );
}
