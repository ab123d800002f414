// The scan pipeline's surface: one function every entry point calls.
export { scan, type ScanOutcome } from './scan.js';
export type {
  ScanRequest,
  ScanRequestCommon,
  FilesScanRequest,
  HistoryScanRequest,
  StagedScanRequest,
  TextScanRequest,
  VerifyRequest,
} from './request.js';
