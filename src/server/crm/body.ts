import sanitizeHtml from 'sanitize-html';

/** Stored bodies are plain text, at most this long (the rest of a long thread adds nothing). */
export const MAX_BODY_CHARS = 100_000;

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * An email body as plain text for storage: HTML goes through sanitize-html with no tags allowed
 * (scripts, styles and their content dropped), block ends become line breaks, and the few
 * entities sanitize-html writes back are decoded, since the result is text, rendered as text.
 */
export function bodyToText(
  body: { contentType: 'text' | 'html'; content: string } | undefined,
): string | null {
  if (!body) return null;
  let text = body.content;
  if (body.contentType === 'html') {
    const withBreaks = text.replace(
      /<(br|hr)\b[^>]*>|<\/(p|div|li|tr|h[1-6]|blockquote|pre|table)\s*>/gi,
      '$&\n',
    );
    text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} }).replace(
      /&(amp|lt|gt|quot|#39);/g,
      (m) => entities[m] ?? m,
    );
    text = text.replace(/&nbsp;/g, ' ');
  }
  text = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text;
}
