// Placeholder: the shell issue exposes the contract here.
export {};
