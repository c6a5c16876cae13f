"use client";
import { QueryError } from "@/components/shared/query-states.tsx";

// A page of this area failed to render: the same error and retry as a failed query.
export default function OperatorError({ reset }: { error: Error; reset: () => void }) {
  return <QueryError retry={reset} />;
}
