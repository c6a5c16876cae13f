import { BrandedNotFound } from "@/components/shared/branded-not-found.tsx";

export default BrandedNotFound;
