// Hand-written code: sdkgen creates this file once and never overwrites it.
// What you export here is exported from the package too (src/index.ts).
export {};
