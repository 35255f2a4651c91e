declare module 'asciichart' {
  export interface PlotConfig {
    height?: number;
    offset?: number;
    padding?: string;
    format?: (x: number, i: number) => string;
    colors?: string[];
    min?: number;
    max?: number;
  }
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  export const green: string;
  export const red: string;
  export const blue: string;
  export const yellow: string;
  export const cyan: string;
  export const magenta: string;
  export const lightgray: string;
  export const reset: string;
  export const defaultColor: string;
}
