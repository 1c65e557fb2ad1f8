// Quantization module
