/**
 * A highlight fragment from the API: the event's own text with matches in <em>…</em>. The text is
 * event data and may hold markup, so it is never parsed as HTML: it is split on the two literal tags
 * and every piece becomes a text node, the matches inside <mark>.
 */
export function Highlighted({ fragments }: { fragments: string[] }) {
  return (
    <>
      {fragments.map((fragment, i) => (
        <span class="fragment" key={i}>
          {i > 0 ? ' … ' : ''}
          {fragment.split(/(<em>|<\/em>)/).reduce<{ on: boolean; parts: preact.ComponentChild[] }>(
            (acc, piece, j) => {
              if (piece === '<em>') acc.on = true;
              else if (piece === '</em>') acc.on = false;
              else if (piece) acc.parts.push(acc.on ? <mark key={j}>{piece}</mark> : piece);
              return acc;
            },
            { on: false, parts: [] },
          ).parts}
        </span>
      ))}
    </>
  );
}
