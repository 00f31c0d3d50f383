/** Every benchmark section, in the order they run. Add a section by exporting it from its module and listing it here. */
import type { BenchSection } from './harness.js';
import { coreSection } from './core.js';
import { gridSection } from './grid.js';
import { memorySection } from './memory.js';
import { plotsSection } from './plots.js';

export const SECTIONS: BenchSection[] = [coreSection, gridSection, plotsSection, memorySection];
