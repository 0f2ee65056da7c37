// A number input that keeps what the user typed (an empty box, "1e-", "0.") while they type, and hands the
// parsed number — NaN when the text is not a number — to the config, whose validation names the problem.
import { useEffect, useId, useState, type ReactNode } from 'react';

export interface NumberFieldProps {
  label: ReactNode;
  value: number;
  onChange(value: number): void;
  /** Field path used for messages and tests (`model.inputSize`). */
  field: string;
  error?: string | undefined;
  disabled?: boolean;
  /** Why the field is disabled (shown as its tooltip). */
  disabledReason?: string | undefined;
  hint?: string;
}

const sameNumber = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

export function NumberField({ label, value, onChange, field, error, disabled, disabledReason, hint }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(() => (Number.isNaN(value) ? '' : String(value)));
  // Follow outside changes (an imported config, a new default) unless the text already means that value.
  useEffect(() => {
    setText((t) => (sameNumber(parse(t), value) ? t : Number.isNaN(value) ? '' : String(value)));
  }, [value]);

  return (
    <div className={`field${error && !disabled ? ' invalid' : ''}`} data-field={field} title={disabled ? disabledReason : undefined}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        disabled={disabled}
        aria-invalid={Boolean(error) && !disabled}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          const t = e.currentTarget.value;
          setText(t);
          onChange(parse(t));
        }}
      />
      {hint && !error && <span className="field-hint">{hint}</span>}
      {error && !disabled && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function parse(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}
