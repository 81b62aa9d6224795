// Assembly names of everything the code generator emits, in one place: section names, labels of
// user code (the source's qualified names, so `disasm` and the debugger read them as written) and
// labels of generated code (prefixed `__` so they never collide with user names or asm labels).

/** Which domain a piece of code or data belongs to: the process's main domain or one of its domains. */
export interface DomainName {
  process: string;
  /** undefined for the process's main domain. */
  domain?: string;
}

/** `Store` for a main domain, `Browser.Plugin` for a domain: prefix of the domain's labels and sections. */
export function domainPath(owner: DomainName): string {
  return owner.domain === undefined ? owner.process : `${owner.process}.${owner.domain}`;
}

export type SectionKind = 'text' | 'rodata' | 'data' | 'capabilityStorage';

const SECTION_PREFIX: Record<SectionKind, string> = {
  text: '.text',
  rodata: '.rodata',
  data: '.data',
  // The assembler places `.bss*` sections as zero-filled read-write pages; the segment built from
  // it gets the C bit (program-image.ts `capabilityStorage`).
  capabilityStorage: '.bss.cap',
};

export function sectionName(owner: DomainName, kind: SectionKind): string {
  return `${SECTION_PREFIX[kind]}.${domainPath(owner)}`;
}

/** Labels of user-declared functions and globals: their qualified name (`Store.get`, `Browser.Plugin.render`). */
export function userLabel(qualifiedName: string): string {
  return qualifiedName;
}

/** Generated labels: `__<kind>.<domain path>[.<detail>]`. */
export function generatedLabel(kind: string, owner: DomainName, detail?: string | number): string {
  return detail === undefined ? `__${kind}.${domainPath(owner)}` : `__${kind}.${domainPath(owner)}.${detail}`;
}
