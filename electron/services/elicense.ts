import { createHash } from 'node:crypto';
import type { Catalog } from '../../shared/catalog.js';

// The e-license system (电子证照库) lookup behind one interface. The provincial system is not
// reachable from a counter in development; the stand-in answers from the catalog alone: a
// material the catalog marks as an e-license is "found" for any holder, with a licence number
// derived from holder and material so the same query always gives the same number.

export interface ELicenseResult {
  found: boolean;
  licenceNo: string | null;
  message: string;
}

export interface ELicenseAdapter {
  lookup(holder: string, materialKey: string): Promise<ELicenseResult>;
}

export function createStandInELicense(catalog: () => Catalog): ELicenseAdapter {
  return {
    async lookup(holder, materialKey) {
      const def = catalog().materials.find((m) => m.key === materialKey);
      if (!def) return { found: false, licenceNo: null, message: '目录中没有该材料，无法调取电子证照。' };
      if (!def.eLicense.value) return { found: false, licenceNo: null, message: `“${def.name}”未纳入电子证照库，请申请人提交纸质材料或扫描件。` };
      const digest = createHash('sha256').update(`${holder}\u0000${materialKey}`).digest('hex').slice(0, 12).toUpperCase();
      return { found: true, licenceNo: `DZZZ-${digest}`, message: `已从电子证照库调取“${def.name}”（模拟接口）。` };
    },
  };
}
