import { BrandedNotFound } from "@/components/shared/branded-not-found.tsx";

// A workspace URL whose layout finds no membership lands here (a segment's own not-found only
// catches its pages, not its layout).
export default BrandedNotFound;
