import { useLayoutEffect, useRef } from 'react';

function cpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/**
 * Reports the CPU ms each redraw of the calling component's tree costs: from the start of its render to its layout
 * effect, which runs after the children's and after Ink has laid out and drawn the frame (Ink draws in the commit,
 * before layout effects). Call it in the root component. The first render is not reported: mounting (a cold JIT,
 * Yoga's set-up) costs several times a redraw.
 */
export function useDrawCost(report: (cpuMs: number) => void): void {
  const started = cpuMs(); // read during render on purpose: the start of this redraw
  const mounted = useRef(false);
  useLayoutEffect(() => {
    if (mounted.current) report(cpuMs() - started);
    mounted.current = true;
  });
}
