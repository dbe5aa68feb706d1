using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// bench/run.sh micro runs every benchmark with a short job; any BenchmarkDotNet option works here, e.g.
//   dotnet run -c Release --project bench/Micro -- --filter '*Money*' --job short
// Min and Median next to the Mean: on a shared machine the fastest iteration is the least disturbed one.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Min, StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
