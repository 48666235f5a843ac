// A problem said at its field: the words under the input, under the id the input's
// aria-describedby names (the input itself carries aria-invalid). `announce`: it came after the
// person moved on (a save refused), so a screen reader says it at once.
export function FieldError({ id, problem, announce = false }: { id?: string; problem: string | null | undefined; announce?: boolean }) {
  return problem ? (
    <span id={id} className="field-error" role={announce ? 'alert' : undefined}>
      {problem}
    </span>
  ) : null;
}
