// Export / import the config as a JSON file and share it as a link (#config=… in the URL). What was loaded
// and any problem with it are reported by the panel (onLoaded), next to the fields where possible.
import { useRef, useState } from 'react';
import { configFromFileText, configToFileText, configToHash } from '../../../platform/share/config-share';
import type { ParsedConfig, WorkbenchRunConfig } from '../../../core/workbench-config';
import { downloadFile } from '../../components/download-file';

function download(text: string, fileName: string): void {
  downloadFile(new Blob([text], { type: 'application/json' }), fileName);
}

/** The page's address with the config in the hash (other hash parameters kept). */
export function shareUrl(config: WorkbenchRunConfig): string {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  params.delete('config');
  const rest = params.toString();
  return `${location.origin}${location.pathname}${location.search}#${rest ? `${rest}&` : ''}${configToHash(config)}`;
}

export function ShareActions({ config, valid, defaults, onLoaded }: {
  config: WorkbenchRunConfig;
  /** Export and share only what could start a run. */
  valid: boolean;
  defaults: WorkbenchRunConfig;
  onLoaded(parsed: ParsedConfig, source: string): void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<'copied' | 'select' | null>(null);

  const copyLink = async () => {
    const url = shareUrl(config);
    // The address bar gets it too, so a reload or a bookmark keeps this config.
    history.replaceState(null, '', url);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied');
    } catch {
      setCopied('select'); // clipboard refused (permissions): the link is shown to copy by hand
    }
  };

  return (
    <div className="config-actions">
      <button type="button" disabled={!valid} onClick={() => download(configToFileText(config), `multimix-config-${config.run.model.variant}.json`)}>
        Export JSON
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Import JSON…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="config-file-input"
        onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = ''; // the same file may be chosen again after editing it
          if (file) onLoaded(configFromFileText(await file.text(), defaults), `file ${file.name}`);
        }}
      />
      <button type="button" disabled={!valid} onClick={() => void copyLink()}>
        Copy link
      </button>
      {!valid && <span className="muted small">Fix the marked fields to export or share.</span>}
      {link && (
        <span className="share-link small">
          {copied === 'copied' ? 'Link copied:' : 'Copy this link:'}{' '}
          <input readOnly value={link} aria-label="Shareable link" onFocus={(e) => e.currentTarget.select()} size={40} />
        </span>
      )}
    </div>
  );
}
