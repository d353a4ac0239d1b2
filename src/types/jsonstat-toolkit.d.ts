/** The part of the JSON-stat JavaScript Toolkit (jsonstat-toolkit 2.x) openlg's tests use. */
declare module 'jsonstat-toolkit' {
  interface JsonStatCategory {
    label: string;
    index: number;
    unit: { decimals?: number; label?: string; symbol?: string } | null;
  }
  interface JsonStatDimension {
    label: string;
    id: string[];
    length: number;
    role: string | null;
    Category(id: string | number): JsonStatCategory | null;
  }
  interface JsonStatCell {
    value: number | string | null;
    status: string | null;
  }
  interface JsonStatDataset {
    class: string;
    label: string | null;
    id: string[];
    length: number;
    n: number;
    value: (number | string | null)[];
    Dimension(id: string | number): JsonStatDimension | null;
    Data(coordinates: Record<string, string> | number | number[]): JsonStatCell | null;
    Dataset(index: number): JsonStatDataset | null;
  }
  export default function JSONstat(input: object): JsonStatDataset;
}
