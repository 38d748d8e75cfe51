import ReactMarkdown from 'react-markdown';

/** Editors write Markdown (richtext). Raw HTML is not rendered (react-markdown's default), so nothing can inject script. */
export function Markdown({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <div className="markdown">
      <ReactMarkdown>{text}</ReactMarkdown>
    </div>
  );
}
