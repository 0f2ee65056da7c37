// Sorting validation messages into "next to a field" and "about the whole config". The core and the
// workbench validators start each message with the field path (`model.inputSize must be …`); the panel
// shows the rest of the sentence under the input, and anything it has no input for in a list.
import { fieldOfMessage, type ConfigProblem } from '../../../platform/share/run-config-json';

/** Field paths the form has an input for. */
export const FORM_FIELDS = new Set([
  'model.variant', 'model.inputSize', 'model.widthMultiplier', 'model.dropout', 'batchSize',
  'epochs', 'stepsPerEpoch', 'optim.learningRate', 'optim.decayFactor', 'optim.decayEveryEpochs',
  'loss.threshold', 'loss.lambda', 'loss.alpha', 'loss.beta', 'seed', 'cutout',
  'budgets.seg', 'budgets.cls', 'checkpointEverySteps',
]);

export interface SortedProblems {
  byField: Map<string, string>;
  general: string[];
}

/** "model.inputSize must be a multiple of 16 … (got 40)" → "Must be a multiple of 16 … (got 40)". */
export function withoutField(message: string, field: string): string {
  const rest = message.slice(field.length).replace(/^\s*\([^)]*\)/, '').trim();
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

export function sortProblems(messages: readonly string[], extra: readonly ConfigProblem[] = []): SortedProblems {
  const byField = new Map<string, string>();
  const general: string[] = [];
  const all: ConfigProblem[] = [...extra, ...messages.map((message) => ({ field: fieldOfMessage(message), message }))];
  for (const { field, message } of all) {
    if (FORM_FIELDS.has(field) && message.startsWith(field)) {
      if (!byField.has(field)) byField.set(field, withoutField(message, field));
    } else if (!general.includes(message)) general.push(message);
  }
  return { byField, general };
}
