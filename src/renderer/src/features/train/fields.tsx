// Form fields for the Train and Augment pages: a label, the control, and a one-line explanation under
// it. Number fields keep what is typed until it is a valid value, then report it; an invalid entry is
// marked and explained instead of being silently replaced.
import { useId, useState, type ReactNode } from 'react';

interface FieldShellProps {
  label: string;
  help?: ReactNode;
  error?: string | null;
  htmlFor: string;
  helpId: string;
  children: ReactNode;
  className?: string;
}

function FieldShell({ label, help, error, htmlFor, helpId, children, className }: FieldShellProps) {
  return (
    <div className={`tfield${className !== undefined ? ` ${className}` : ''}`}>
      <label className="tfield-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {error !== null && error !== undefined ? (
        <span className="tfield-error" id={helpId} role="alert">
          {error}
        </span>
      ) : (
        help !== undefined && (
          <span className="tfield-help" id={helpId}>
            {help}
          </span>
        )
      )}
    </div>
  );
}

export interface NumberFieldProps {
  label: string;
  help?: ReactNode;
  value: number | undefined;
  onChange(value: number | undefined): void;
  min?: number;
  max?: number;
  step?: number | 'any';
  integer?: boolean;
  /** Empty input means "default" (value undefined) instead of an error. */
  optional?: boolean;
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
  /** Text shown in place of the number (e.g. 1e-5 for small rates); parsed back with `parse`. */
  format?: (value: number) => string;
  parse?: (text: string) => number | null;
  className?: string;
}

function describeRange(min: number | undefined, max: number | undefined, integer: boolean): string {
  const kind = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `Enter ${kind} from ${min} to ${max}.`;
  if (min !== undefined) return `Enter ${kind} of at least ${min}.`;
  if (max !== undefined) return `Enter ${kind} up to ${max}.`;
  return `Enter ${kind}.`;
}

export function NumberField({
  label,
  help,
  value,
  onChange,
  min,
  max,
  step,
  integer = false,
  optional = false,
  placeholder,
  disabled,
  testId,
  format = String,
  parse,
  className,
}: NumberFieldProps) {
  const id = useId();
  const shown = value === undefined ? '' : format(value);
  const [text, setText] = useState(shown);
  const [lastShown, setLastShown] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  if (shown !== lastShown) {
    // The value changed from outside (a reset, a suggestion): show it.
    setLastShown(shown);
    setText(shown);
    setError(null);
  }

  function commit(next: string): void {
    setText(next);
    const trimmed = next.trim();
    if (trimmed === '' && optional) {
      setError(null);
      setLastShown('');
      onChange(undefined);
      return;
    }
    const parsed = parse !== undefined ? parse(trimmed) : trimmed === '' ? null : Number(trimmed);
    const ok =
      parsed !== null &&
      Number.isFinite(parsed) &&
      (!integer || Number.isInteger(parsed)) &&
      (min === undefined || parsed >= min) &&
      (max === undefined || parsed <= max);
    if (!ok) {
      setError(describeRange(min, max, integer));
      return;
    }
    setError(null);
    setLastShown(format(parsed));
    onChange(parsed);
  }

  return (
    <FieldShell
      label={label}
      help={help}
      error={error}
      htmlFor={id}
      helpId={`${id}-help`}
      className={className}
    >
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={`${id}-help`}
        data-testid={testId}
        data-step={step}
        onChange={(e) => commit(e.target.value)}
        onBlur={() => {
          if (error !== null) return;
          setText(shown);
        }}
      />
    </FieldShell>
  );
}

export interface TextFieldProps {
  label: string;
  help?: ReactNode;
  /** Empty text is reported as undefined ("not set"). */
  value: string | undefined;
  onChange(value: string | undefined): void;
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
  className?: string;
}

/** A free-text field (a path); reports the trimmed text, or undefined when empty. */
export function TextField({
  label,
  help,
  value,
  onChange,
  placeholder,
  disabled,
  testId,
  className,
}: TextFieldProps) {
  const id = useId();
  return (
    <FieldShell label={label} help={help} htmlFor={id} helpId={`${id}-help`} className={className}>
      <input
        id={id}
        type="text"
        className="mono"
        spellCheck={false}
        value={value ?? ''}
        placeholder={placeholder}
        disabled={disabled}
        aria-describedby={`${id}-help`}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value.trim() === '' ? undefined : e.target.value)}
      />
    </FieldShell>
  );
}

export interface SelectFieldProps<T extends string> {
  label: string;
  help?: ReactNode;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
  disabled?: boolean;
  testId?: string;
}

export function SelectField<T extends string>({
  label,
  help,
  value,
  options,
  onChange,
  disabled,
  testId,
}: SelectFieldProps<T>) {
  const id = useId();
  return (
    <FieldShell label={label} help={help} htmlFor={id} helpId={`${id}-help`}>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={`${id}-help`}
        data-testid={testId}
        onChange={(e) => {
          const chosen = options.find((o) => o.value === e.target.value);
          if (chosen !== undefined) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export interface CheckFieldProps {
  label: string;
  help?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
  testId?: string;
}

export function CheckField({ label, help, checked, onChange, disabled, testId }: CheckFieldProps) {
  const id = useId();
  return (
    <div className="tfield tcheck">
      <label className="tcheck-row" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-describedby={help !== undefined ? `${id}-help` : undefined}
          data-testid={testId}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      {help !== undefined && (
        <span className="tfield-help" id={`${id}-help`}>
          {help}
        </span>
      )}
    </div>
  );
}

export interface SliderFieldProps {
  label: string;
  help?: ReactNode;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange(value: number): void;
  /** How the value is printed beside the slider. */
  display?: (value: number) => string;
  disabled?: boolean;
  testId?: string;
}

export function SliderField({
  label,
  help,
  value,
  min,
  max,
  step,
  onChange,
  display = String,
  disabled,
  testId,
}: SliderFieldProps) {
  const id = useId();
  return (
    <div className="tfield tslider">
      <div className="tslider-head">
        <label className="tfield-label" htmlFor={id}>
          {label}
        </label>
        <output htmlFor={id} className="tslider-value">
          {display(value)}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        aria-valuetext={display(value)}
        aria-describedby={help !== undefined ? `${id}-help` : undefined}
        data-testid={testId}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      {help !== undefined && (
        <span className="tfield-help" id={`${id}-help`}>
          {help}
        </span>
      )}
    </div>
  );
}
