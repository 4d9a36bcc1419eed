import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cleanCode } from '../lib/wording';

// The browser's own barcode reader (Chrome on Android and others); not in TypeScript's DOM types yet.
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

function detectorClass(): BarcodeDetectorCtor | undefined {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
}

/**
 * A code from the camera (when the browser can read QR codes) or typed/pasted into a big field.
 * `onCode` gets the cleaned code; the field keeps it so it can be corrected.
 */
export function ScanField({
  label,
  hint,
  submit,
  pending,
  onCode,
  inputMode = 'text',
}: {
  label: string;
  hint: string;
  submit: string;
  pending: boolean;
  onCode: (code: string) => void;
  inputMode?: 'text' | 'numeric';
}) {
  const { t } = useTranslation('huts');
  const id = useId();
  const [value, setValue] = useState('');
  const [tried, setTried] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [cameraProblem, setCameraProblem] = useState(false);
  const canScan = !!detectorClass() && !!navigator.mediaDevices?.getUserMedia;
  const code = cleanCode(value);
  return (
    <form
      className="hut-scan"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (code) onCode(code);
      }}
    >
      <label className="field-label hut-scan-label" htmlFor={`${id}-i`}>
        {label}
      </label>
      <p id={`${id}-h`} className="small muted">
        {hint}
      </p>
      <div className="hut-scan-row">
        <input
          id={`${id}-i`}
          className="input hut-scan-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode={inputMode}
          maxLength={200}
          value={value}
          aria-describedby={`${id}-h`}
          aria-invalid={tried && !code ? true : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="button" disabled={pending}>
          {submit}
        </button>
      </div>
      {tried && !code && (
        <p className="hut-error" role="alert">
          {t('invalid.empty_code')}
        </p>
      )}
      {canScan && !scanning && (
        <button
          type="button"
          className="button secondary block-button hut-big-button"
          onClick={() => setScanning(true)}
        >
          📷 {t('scan_camera')}
        </button>
      )}
      {cameraProblem && (
        <p className="hut-error" role="alert">
          {t('camera_problem')}
        </p>
      )}
      {scanning && (
        <CameraScanner
          onCancel={() => setScanning(false)}
          onProblem={() => {
            setScanning(false);
            setCameraProblem(true);
          }}
          onCode={(raw) => {
            setScanning(false);
            setValue(raw);
            const c = cleanCode(raw);
            if (c) onCode(c);
          }}
        />
      )}
    </form>
  );
}

function CameraScanner({
  onCode,
  onCancel,
  onProblem,
}: {
  onCode: (code: string) => void;
  onCancel: () => void;
  onProblem: () => void;
}) {
  const { t } = useTranslation('huts');
  const video = useRef<HTMLVideoElement>(null);
  const handlers = useRef({ onCode, onProblem });
  handlers.current = { onCode, onProblem };
  useEffect(() => {
    const Detector = detectorClass();
    if (!Detector) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const detector = new Detector({ formats: ['qr_code', 'code_128', 'ean_13'] });
    const tick = async () => {
      if (stopped) return;
      const v = video.current;
      if (v && v.readyState >= 2) {
        try {
          const [found] = await detector.detect(v);
          if (found?.rawValue && !stopped) {
            handlers.current.onCode(found.rawValue);
            return;
          }
        } catch {
          // A frame that cannot be read: try the next one.
        }
      }
      timer = setTimeout(() => void tick(), 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then((s) => {
        stream = s;
        if (stopped) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
        void tick();
      })
      .catch(() => handlers.current.onProblem());
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);
  return (
    <div className="hut-camera">
      <video ref={video} muted playsInline aria-label={t('camera_view')} />
      <button type="button" className="button secondary block-button" onClick={onCancel}>
        {t('camera_stop')}
      </button>
    </div>
  );
}
