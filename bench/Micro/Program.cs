using BenchmarkDotNet.Running;

// bench/run.sh micro runs every benchmark with a short job; any BenchmarkDotNet option works here, e.g.
//   dotnet run -c Release --project bench/Micro -- --filter '*Money*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
