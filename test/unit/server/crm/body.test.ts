import { bodyToText, MAX_BODY_CHARS } from '#server/crm/body';

describe('bodyToText', () => {
  it('turns HTML into text: scripts and styles dropped, blocks become lines, entities decoded', () => {
    const html =
      '<style>p{color:red}</style><p>Hi Nora,</p><div>Price: 5 &lt; 6 &amp; "ok"</div>' +
      '<script>alert("x")</script><img src=x onerror=alert(1)>Thanks<br>Alex';
    expect(bodyToText({ contentType: 'html', content: html })).toBe(
      'Hi Nora,\nPrice: 5 < 6 & "ok"\nThanks\nAlex',
    );
  });

  it('keeps plain text as text, normalizing line ends and dropping control characters', () => {
    expect(bodyToText({ contentType: 'text', content: 'a <b>\r\nb\u0000c\n\n\n\nd  ' })).toBe(
      'a <b>\nbc\n\nd',
    );
  });

  it('caps very long bodies and answers null for no body', () => {
    expect(bodyToText({ contentType: 'text', content: 'x'.repeat(MAX_BODY_CHARS + 10) })).toHaveLength(
      MAX_BODY_CHARS,
    );
    expect(bodyToText(undefined)).toBeNull();
  });
});
