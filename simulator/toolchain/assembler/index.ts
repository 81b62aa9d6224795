// The assembler package: assembler, disassembler and ELF loader for the CODOMs RV32IM machine.
// Other layers import from here only.

export { assemble, formatAssemblerError, type AssembledSection, type AssembleOptions, type AssemblerError, type AssemblyResult } from './assembler';
export { assemblePlainProgram, PLAIN_PROGRAM_ENTRY_SYMBOL } from './plain-program';
export { encodeInstruction, decodeFields, type InstructionOperands, type DecodedFields } from './instruction-fields';
export { DEFAULT_TEXT_BASE, sectionAttributes } from './section-layout';
export { disassembleWord, findInstructionSpec, type Disassembly, type DisassemblyOptions } from './disassembler';
export { loadElf, ElfError } from './elf-loader';
