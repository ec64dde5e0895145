// TensorEngine: placeholder so the package builds while the module is written; remove when the first real file lands.
enum _TensorEnginePlaceholder {}
