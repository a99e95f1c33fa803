// Placeholder: wiring of core and platform.
export {};
