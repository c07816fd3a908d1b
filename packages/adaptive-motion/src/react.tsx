"use client";

import { MotionConfig } from "framer-motion";
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { DEFAULT_RANGE, type DurationRange, type MotionPlan, planMotion } from "./mapping.js";
import { createQualityGovernor, type HysteresisOptions, type MotionQuality } from "./quality.js";
import { createFrameSampler, type FrameSample, type SamplerOptions } from "./sampler.js";

/** What the provider reports with each sample: whether an adaptive animation ran during its window. */
export interface ReportedSample extends FrameSample {
  readonly animating: boolean;
  readonly quality: MotionQuality;
}

export interface AdaptiveMotion extends MotionPlan {
  readonly reducedMotion: boolean;
  /** Achieved / refresh ratio measured when the quality level last changed (1 before that). */
  readonly ratio: number;
  /** framer-motion handlers that mark the window as animating (for honest FPS-drop samples). */
  readonly track: { onAnimationStart: () => void; onAnimationComplete: () => void };
}

const noop = () => {};
const FALLBACK: AdaptiveMotion = {
  ...planMotion({ quality: "full", ratio: 1, reducedMotion: false }),
  reducedMotion: false,
  ratio: 1,
  track: { onAnimationStart: noop, onAnimationComplete: noop },
};

const Context = createContext<AdaptiveMotion>(FALLBACK);

const EASE = [0.22, 1, 0.36, 1] as const;

const REDUCED_QUERY = "(prefers-reduced-motion: reduce)";

/** `prefers-reduced-motion`, followed live (a change in the OS setting applies without a reload). */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window === "undefined" || !window.matchMedia) return () => {};
      const query = window.matchMedia(REDUCED_QUERY);
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    () =>
      typeof window !== "undefined" && window.matchMedia ? window.matchMedia(REDUCED_QUERY).matches : false,
    () => false,
  );
}

/**
 * Measures the frame rate on `requestAnimationFrame`, adapts the motion plan with hysteresis and sets
 * framer-motion's default transition for everything inside. `prefers-reduced-motion` always wins.
 * `disabled` switches motion off (a baseline for benchmarks, or a user setting).
 */
export function AdaptiveMotionProvider({
  children,
  range = DEFAULT_RANGE,
  onSample,
  sampler: samplerOptions,
  hysteresis,
  disabled = false,
}: {
  children: ReactNode;
  range?: DurationRange;
  onSample?: (sample: ReportedSample) => void;
  sampler?: SamplerOptions;
  hysteresis?: HysteresisOptions;
  disabled?: boolean;
}) {
  const prefersReduced = usePrefersReducedMotion();
  const reducedMotion = prefersReduced || disabled;
  const [state, setState] = useState<{ quality: MotionQuality; ratio: number }>({
    quality: "full",
    ratio: 1,
  });
  const report = useRef(onSample);
  report.current = onSample;
  const running = useRef(0);
  const animatedInWindow = useRef(false);
  const options = useRef({ samplerOptions, hysteresis });

  useEffect(() => {
    if (typeof window === "undefined" || typeof requestAnimationFrame !== "function") return;
    const sampler = createFrameSampler(options.current.samplerOptions);
    const governor = createQualityGovernor(options.current.hysteresis);
    let handle = 0;
    const tick = (time: number) => {
      const sample = sampler.frame(time);
      if (sample) {
        const quality = governor.update(sample.ratio);
        const animating = animatedInWindow.current || running.current > 0;
        animatedInWindow.current = running.current > 0;
        // Re-render only when the level changes (hysteresis decided): the duration is taken from the
        // ratio measured at that moment and then held, so nothing re-renders on every sample.
        setState((previous) => (previous.quality === quality ? previous : { quality, ratio: sample.ratio }));
        try {
          report.current?.({ ...sample, animating, quality });
        } catch {
          // reporting must never break the page
        }
      }
      handle = requestAnimationFrame(tick);
    };
    const onVisibility = () => {
      if (document.hidden) {
        cancelAnimationFrame(handle);
        sampler.pause();
      } else {
        handle = requestAnimationFrame(tick);
      }
    };
    handle = requestAnimationFrame(tick);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      cancelAnimationFrame(handle);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);

  const value = useMemo<AdaptiveMotion>(() => {
    const plan = planMotion({ quality: state.quality, ratio: state.ratio, reducedMotion, range });
    return {
      ...plan,
      reducedMotion,
      ratio: state.ratio,
      track: {
        onAnimationStart: () => {
          running.current += 1;
          animatedInWindow.current = true;
        },
        onAnimationComplete: () => {
          running.current = Math.max(0, running.current - 1);
        },
      },
    };
  }, [state.quality, state.ratio, reducedMotion, range]);

  return (
    <Context.Provider value={value}>
      <MotionConfig
        reducedMotion={reducedMotion ? "always" : "never"}
        transition={{ duration: value.durationMs / 1000, ease: EASE }}
      >
        {children}
      </MotionConfig>
    </Context.Provider>
  );
}

/** The current motion plan: duration, allowed properties, quality, reduced-motion, tracking handlers. */
export function useAdaptiveMotion(): AdaptiveMotion {
  return useContext(Context);
}
