// The page map: every mapped page of the global address space with its CODOMs attributes, the
// domain it belongs to and the process that owns that domain. One shape for `dipc pagemap`,
// the debugger's CODOMs view and the extension's page-map picture.
import { PAGE_SIZE } from './address-space';
import type { Kernel } from './kernel';
import type { ProgramImage } from './program-image';

export interface PageMapEntry {
  address: number;
  read: boolean;
  write: boolean;
  execute: boolean;
  /** P bit: code there may run privileged instructions. */
  privileged: boolean;
  /** C bit: capability storage. */
  capabilityStorage: boolean;
  tag: number;
  /** `Store`, `Browser.Plugin`, `proxies`, `kernel`. */
  domain: string;
  /** Owning process, or `kernel` for the kernel's and the proxies' pages. */
  process: string;
  /** The image segment the page came from (`Store .text`), or `stack`, when known. */
  region?: string;
}

export function pageMap(kernel: Kernel, image?: ProgramImage): PageMapEntry[] {
  const owners = new Map(kernel.state.domains.map((domain) => [domain.tag, domain.owner]));
  const segments = image?.processes.flatMap((process) => process.segments) ?? [];
  const regionOf = (address: number): string | undefined =>
    segments.find((segment) => address >= segment.address && address < segment.address + Math.max(segment.size, PAGE_SIZE))?.name;
  return kernel.machine.pages().map((page) => {
    const owner = owners.get(page.tag) ?? 0;
    const region = regionOf(page.address);
    return {
      address: page.address,
      read: page.read,
      write: page.write,
      execute: page.execute,
      privileged: page.privileged,
      capabilityStorage: page.capabilityStorage,
      tag: page.tag,
      domain: kernel.domainName(page.tag),
      process: owner === 0 ? 'kernel' : kernel.processName(owner),
      ...(region === undefined ? {} : { region }),
    };
  });
}
