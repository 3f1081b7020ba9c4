/** Placeholder barrel; replaced as the package is built. */
export {};
