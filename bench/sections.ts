/** Every benchmark section, in the order they run. Add a section by exporting it from its module and listing it here. */
import type { BenchSection } from './harness.js';

export const SECTIONS: BenchSection[] = [];
