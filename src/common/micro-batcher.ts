// Collects the calls made in one turn of the event loop and runs them as one
// batch (one statement instead of one per call): many concurrent jobs then
// share a database round trip. Each caller gets its own result or error.
export class MicroBatcher<Input, Output> {
  private waiting: { input: Input; resolve: (output: Output) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    /** Runs a batch; returns one output per input, in order. */
    private readonly run: (inputs: Input[]) => Promise<Output[]>,
    private readonly maxBatch = 200,
  ) {}

  submit(input: Input): Promise<Output> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.run(batch.map((w) => w.input)).then(
        (outputs) => batch.forEach((w, i) => w.resolve(outputs[i])),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      );
    }
  }
}
