import QRCode from 'qrcode';
import { posterStrings } from '../../../common/i18n/poster.js';
import { toHex } from '../../../common/tlog/bytes.js';
import { parseCheckpoint } from '../../../common/tlog/checkpoint.js';
import { parseNote } from '../../../common/tlog/note.js';
import type { LogInfo } from './trustlog.service.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The weekly notice-board poster: the checkpoint's size and short root hash in large type, who
 * signed and cosigned it, and a QR code holding the whole signed checkpoint, so anyone can compare
 * it on paper or with a phone.
 */
export async function renderPoster(
  signedCheckpoint: string,
  info: LogInfo,
  lang: 'zh-CN' | 'en',
): Promise<string> {
  const t = posterStrings[lang];
  const note = parseNote(signedCheckpoint);
  const cp = parseCheckpoint(note.text);
  const short = toHex(cp.root)
    .slice(0, 16)
    .replace(/(.{4})(?!$)/g, '$1 ');
  const witnesses = note.signatures.filter((s) => s.name !== cp.origin).map((s) => s.name);
  const qr = await QRCode.toString(signedCheckpoint, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const printed = new Intl.DateTimeFormat(lang, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(new Date());
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>
  body { font-family: system-ui, 'Noto Sans CJK SC', sans-serif; margin: 2rem auto; max-width: 42rem; color: #111; line-height: 1.6; padding: 0 1rem; }
  h1 { font-size: 2rem; border-bottom: 4px solid #b3261e; padding-bottom: .5rem; }
  .big { font-size: 2.25rem; font-weight: 800; font-family: ui-monospace, monospace; letter-spacing: .05em; white-space: nowrap; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1.5rem; font-size: 1.25rem; }
  @media (max-width: 36rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .5rem; } }
  dt { color: #444; } dd { margin: 0; font-weight: 600; word-break: break-all; }
  .qr { width: 18rem; margin: 1.5rem auto; } .qr svg { width: 100%; height: auto; }
  .note { border-top: 1px solid #999; padding-top: 1rem; color: #333; }
  @media print { body { margin: 0 auto; } }
</style></head>
<body>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<dl>
  <dt>${escapeHtml(t.origin)}</dt><dd>${escapeHtml(cp.origin)}</dd>
  <dt>${escapeHtml(t.size)}</dt><dd class="big">${cp.size}</dd>
  <dt>${escapeHtml(t.root)}</dt><dd class="big">${short}</dd>
  <dt>${escapeHtml(t.signedBy)}</dt><dd>${escapeHtml(info.verifierKey)}</dd>
  <dt>${escapeHtml(t.witnesses)}</dt><dd>${witnesses.length ? witnesses.map(escapeHtml).join('<br>') : escapeHtml(t.none)}</dd>
  <dt>${escapeHtml(t.printedAt)}</dt><dd>${escapeHtml(printed)}</dd>
</dl>
<div class="qr" role="img" aria-label="QR">${qr}</div>
<p class="note">${escapeHtml(t.honest)}</p>
</body></html>`;
}
