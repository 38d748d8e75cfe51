import { Field, SingleSelect, SingleSelectOption, TextInput, Textarea } from '@strapi/design-system';

/** Small wrappers so every filter and form field has a visible Chinese label. */
export function Select({
  label,
  value,
  options,
  onChange,
  minWidth = '160px',
}: {
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange: (v: string) => void;
  minWidth?: string;
}) {
  return (
    <Field.Root style={{ minWidth }}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect aria-label={label} value={value} onChange={(v: string | number) => onChange(String(v))}>
        {options.map(([v, l]) => (
          <SingleSelectOption key={v || 'all'} value={v}>
            {l}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
}

export function Text({
  label,
  value,
  onChange,
  type = 'text',
  placeholder,
  name,
  hint,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  placeholder?: string;
  name?: string;
  hint?: string;
}) {
  return (
    <Field.Root hint={hint}>
      <Field.Label>{label}</Field.Label>
      <TextInput name={name} type={type} aria-label={label} value={value} placeholder={placeholder} onChange={(e: any) => onChange(e.target.value)} />
      {hint ? <Field.Hint /> : null}
    </Field.Root>
  );
}

export function LongText({
  label,
  value,
  onChange,
  name,
  required,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  name?: string;
  required?: boolean;
}) {
  return (
    <Field.Root required={required}>
      <Field.Label>{label}</Field.Label>
      <Textarea name={name} aria-label={label} value={value} onChange={(e: any) => onChange(e.target.value)} />
    </Field.Root>
  );
}
