import Testing
// Placeholder so the test target builds; remove when the first real test lands.
