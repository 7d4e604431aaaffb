import { lazy, Suspense, type ComponentProps } from 'react';
import type * as Charts from './charts.tsx';
import { Loading } from './ui.tsx';

/**
 * The charts, loaded on first use: the chart library is a chunk of its own that only the screens drawing a
 * chart fetch (the officers' dashboard, the institution's usage), after their figures are already shown.
 */
const load = () => import('./charts.tsx');
const LazyDayBars = lazy(() => load().then((m) => ({ default: m.DayBars })));
const LazyCategoryBars = lazy(() => load().then((m) => ({ default: m.CategoryBars })));

export function DayBars(props: ComponentProps<typeof Charts.DayBars>) {
  return (
    <Suspense fallback={<Loading />}>
      <LazyDayBars {...props} />
    </Suspense>
  );
}

export function CategoryBars(props: ComponentProps<typeof Charts.CategoryBars>) {
  return (
    <Suspense fallback={<Loading />}>
      <LazyCategoryBars {...props} />
    </Suspense>
  );
}
