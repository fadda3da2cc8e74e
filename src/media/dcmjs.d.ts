// The part of dcmjs (https://github.com/dcmjs-org/dcmjs) Harborline uses; the package ships no types.
declare module 'dcmjs' {
  type Element = { vr: string; Value: unknown[] };
  type Dict = Record<string, Element>;
  interface DicomData {
    meta: Dict;
    dict: Dict;
    write(): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string }): DicomData };
      DicomMetaDictionary: {
        naturalizeDataset(dict: Dict): Record<string, unknown>;
        denaturalizeDataset(dataset: Record<string, unknown>): Dict;
        uid(): string;
      };
      DicomDict: new (meta: Dict) => DicomData;
    };
    anonymizer: { cleanTags(dict: Dict): void };
    log: { setLevel(level: string): void };
  };
  export default dcmjs;
}
