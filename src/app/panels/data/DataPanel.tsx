// The data panel: bring images in (drop, pick, zip), see what was understood, and manage what is stored.
import { useEffect } from 'react';
import { useStore } from '../../store';
import { DatasetList } from './DatasetList';
import { ImportArea } from './ImportArea';
import { StorageSummary } from './StorageSummary';
import { WorkspaceSection } from './WorkspaceSection';
import './data.css';

export function DataPanel() {
  const initData = useStore((s) => s.initData);
  useEffect(() => {
    void initData();
  }, [initData]);

  return (
    <section className="panel data-panel" aria-labelledby="data-panel-title">
      <div className="panel-head">
        <h2 id="data-panel-title">Data</h2>
        <StorageSummary />
      </div>
      <ImportArea />
      <DatasetList />
      <WorkspaceSection />
    </section>
  );
}
