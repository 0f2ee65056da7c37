// The import flow's screen for each phase: drop zone → reading → preview → progress → report.
import { useStore } from '../../store';
import { DropZone } from './DropZone';
import { ImportPreview } from './ImportPreview';
import { ImportProgressView } from './ImportProgressView';
import { ImportReportView } from './ImportReportView';

export function ImportArea() {
  const phase = useStore((s) => s.importPhase);
  switch (phase) {
    case 'idle':
      return <DropZone />;
    case 'planning':
      return (
        <div className="import-box" role="status" data-testid="import-planning">
          Reading the file list…
        </div>
      );
    case 'preview':
      return <ImportPreview />;
    case 'importing':
      return <ImportProgressView />;
    case 'report':
      return (
        <>
          <ImportReportView />
          <DropZone />
        </>
      );
  }
}
