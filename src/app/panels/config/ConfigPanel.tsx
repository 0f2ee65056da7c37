// The run configuration: every RunConfig field, label budgets, dataset roles; checked as you type (messages
// next to the fields), exportable as JSON and shareable as a link. The config lives in the training slice
// (the Start button uses it); until the user changes anything it follows the backend's defaults.
import { useEffect, useMemo, useState } from 'react';
import { WHOLE_CONFIG } from '../../../core/config-schema';
import { defaultWorkbenchConfig, isCpuClass, validateWorkbenchConfig, type ParsedConfig } from '../../../core/workbench-config';
import { useStore } from '../../store';
import { defaultDatasetUses } from '../../store/dataset-roles';
import { BudgetFields } from './BudgetFields';
import { DatasetRoles } from './DatasetRoles';
import { NumberField } from './NumberField';
import { sortProblems } from './problems';
import { RunConfigFields } from './RunConfigFields';
import { ShareActions } from './ShareActions';
import { useConfigFromUrl } from './use-config-from-url';
import './config.css';

export interface LoadReport {
  source: string;
  parsed: ParsedConfig;
  applied: boolean;
}

export function ConfigPanel() {
  const config = useStore((s) => s.config);
  const setConfig = useStore((s) => s.setConfig);
  const datasets = useStore((s) => s.datasets);
  const datasetsLoaded = useStore((s) => s.datasetsLoaded);
  const backend = useStore((s) => s.backend);
  const initData = useStore((s) => s.initData);
  const initTraining = useStore((s) => s.initTraining);
  const [report, setReport] = useState<LoadReport | null>(null);

  useEffect(() => {
    void initData();
    void initTraining();
  }, [initData, initTraining]);

  const defaults = useMemo(
    () => defaultWorkbenchConfig(defaultDatasetUses(datasets), backend.active ?? undefined, backend.softwareGpu),
    [datasets, backend.active, backend.softwareGpu],
  );

  const load = (parsed: ParsedConfig, source: string) => {
    // A file or link that could not be read at all leaves the form as it was.
    const applied = !parsed.problems.some((p) => p.path === WHOLE_CONFIG);
    if (applied) setConfig(parsed.config);
    setReport({ source, parsed, applied });
  };
  useConfigFromUrl(defaults, load);

  const configProblems = useMemo(
    () => validateWorkbenchConfig(config, datasetsLoaded ? new Set(datasets.map((d) => d.id)) : undefined),
    [config, datasets, datasetsLoaded],
  );
  const problems = useMemo(() => sortProblems(configProblems), [configProblems]);
  // What goes into a file or link carries the backend chosen in the Train panel (the worker switches to a
  // config's backend at Start), unless the config already names one.
  const shared = useMemo(
    () => (config.backend === 'auto' && backend.preference !== 'auto' ? { ...config, backend: backend.preference } : config),
    [config, backend.preference],
  );
  const cpuClass = isCpuClass(backend.active ?? undefined, backend.softwareGpu);

  return (
    <section className="panel config-panel" aria-labelledby="config-panel-title">
      <div className="panel-head">
        <h2 id="config-panel-title">Configuration</h2>
        <p className="muted small config-machine" data-testid="config-machine">
          {backend.active
            ? `Backend ${backend.active}${backend.softwareGpu ? ' (software adapter)' : ''}: ${cpuClass ? 'CPU-class, so small defaults (fast first steps)' : 'GPU, larger defaults'}.`
            : 'Finding the backend…'}
        </p>
      </div>
      {report && <LoadReportView report={report} onDismiss={() => setReport(null)} />}
      <form className="config-form" onSubmit={(e) => e.preventDefault()} noValidate>
        <RunConfigFields config={config.run} errors={problems.byField} onChange={(run) => setConfig((c) => ({ ...c, run }))} />
        <BudgetFields config={config} errors={problems.byField} onChange={setConfig} />
        <fieldset className="config-group">
          <legend>Checkpoints</legend>
          <NumberField field="checkpointEverySteps" label="Every N steps" value={config.checkpointEverySteps}
            error={problems.byField.get('checkpointEverySteps')} hint="0 = only at epoch ends, pause and stop"
            onChange={(checkpointEverySteps) => setConfig((c) => ({ ...c, checkpointEverySteps }))} />
        </fieldset>
        <DatasetRoles config={config} datasets={datasets} datasetsLoaded={datasetsLoaded} onChange={setConfig} />
      </form>
      {problems.general.length > 0 && (
        <ul className="config-problems" data-testid="config-problems">
          {problems.general.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <div className="config-actions">
        <ShareActions config={shared} valid={configProblems.length === 0} defaults={defaults} onLoaded={load} />
        <button type="button" onClick={() => setConfig(defaults)} title="The defaults for this machine's backend and the stored datasets">
          Reset to defaults
        </button>
      </div>
    </section>
  );
}

function LoadReportView({ report, onDismiss }: { report: LoadReport; onDismiss(): void }) {
  const { parsed, applied, source } = report;
  const ok = parsed.problems.length === 0;
  return (
    <div className={`notice ${ok ? '' : 'notice-error'}`} role="status" data-testid="config-load-report">
      <div>
        {ok
          ? `Loaded the config from the ${source}.`
          : applied
            ? `Loaded the config from the ${source}, with problems (marked fields keep their messages until fixed):`
            : `Could not load the config from the ${source}:`}
        {!ok && (
          <ul>
            {parsed.problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>{p.message}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
