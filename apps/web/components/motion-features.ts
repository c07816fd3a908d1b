import { domAnimation } from "framer-motion";

/** The animation features the dashboard uses (animate, whileInView), loaded lazily by LazyMotion. */
export default domAnimation;
