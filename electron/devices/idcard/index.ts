import { SIMULATED_CARDS } from '../../../seeds/idcard-sim.js';
import type { IdCardSettings } from '../../../shared/idcard.js';
import { createBridgeReader } from './bridge.js';
import { createSdtapiReader } from './sdk-sdtapi.js';
import { createTermbReader } from './sdk-termb.js';
import { createSimulatorReader, loadSimulatorCards, type SimulatorReader } from './simulator.js';
import type { IdCardReader } from './types.js';

export { IdCardError, type IdCardReader, type ReadOptions, type ReaderStatus } from './types.js';
export type { SimulatorReader } from './simulator.js';

/** The reader the settings describe. Nothing is opened or loaded until first use. */
export function createIdCardReader(settings: IdCardSettings, deps: { today: () => string }): IdCardReader {
  switch (settings.driver) {
    case 'simulator':
      return createSimulatorReader({
        cards: settings.simulator.cardsFile ? loadSimulatorCards(settings.simulator.cardsFile) : SIMULATED_CARDS,
        readDelayMs: settings.simulator.readDelayMs,
        today: deps.today,
      });
    case 'sdk':
      return settings.sdk.family === 'termb' ? createTermbReader(settings.sdk) : createSdtapiReader(settings.sdk);
    case 'bridge':
      return createBridgeReader(settings.bridge);
  }
}

export function isSimulator(r: IdCardReader): r is SimulatorReader {
  return r.driver === 'simulator';
}
