// Just enough MIME to read back what nodemailer writes for a notification: a single part or a
// multipart/alternative of text/plain and text/html, 7bit/8bit, quoted-printable or base64,
// UTF-8, and RFC 2047 encoded words in the Subject. Anything else fails loudly.

export interface ParsedMail {
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

interface Part {
  headers: Map<string, string>;
  body: string; // bytes as a latin1 string
}

const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');

function splitPart(raw: string): Part {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end + 4);
  const headers = new Map<string, string>();
  // Unfolding (RFC 5322 §2.2.3): a CRLF followed by whitespace is removed.
  for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = line.indexOf(':');
    // header bytes are ASCII, or raw UTF-8 under SMTPUTF8 (RFC 6532)
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), utf8(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function decodeQuotedPrintable(body: string): string {
  return body
    .replace(/=\r\n/g, '') // soft line breaks
    .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = /charset="?([^";]+)"?/i.exec(part.headers.get('content-type') ?? '')?.[1];
  if (charset && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'us-ascii') {
    throw new Error(`unexpected charset ${charset}`);
  }
  if (encoding === 'base64') return Buffer.from(part.body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return utf8(decodeQuotedPrintable(part.body));
  if (encoding === '7bit' || encoding === '8bit') return utf8(part.body);
  throw new Error(`unexpected transfer encoding ${encoding}`);
}

/** RFC 2047: `=?charset?B|Q?text?=` words; whitespace between two encoded words is dropped. */
export function decodeHeader(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(word, (_m, charset: string, kind: string, text: string) => {
    if (!/^utf-8$/i.test(charset)) throw new Error(`unexpected charset ${charset}`);
    if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    return utf8(decodeQuotedPrintable(text.replace(/_/g, ' ')));
  });
}

/** Parses the raw message bytes an SMTP server received. */
export function parseMail(raw: Buffer): ParsedMail {
  const top = splitPart(raw.toString('latin1'));
  const type = top.headers.get('content-type') ?? 'text/plain';
  const parts: Part[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = top.body.split(`--${boundary}`);
    // sections[0] is the preamble, the last one starts with '--' (the closing delimiter)
    for (const section of sections.slice(1, -1)) {
      // the CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1)
      parts.push(splitPart(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    }
  } else {
    parts.push(top);
  }
  const bodyOf = (mime: string) => {
    const part = parts.find((p) =>
      (p.headers.get('content-type') ?? 'text/plain').startsWith(mime),
    );
    return part ? decodeBody(part) : '';
  };
  return {
    headers: top.headers,
    subject: decodeHeader(top.headers.get('subject') ?? ''),
    text: bodyOf('text/plain'),
    html: bodyOf('text/html'),
  };
}
