#!/usr/bin/env node
import { Command } from 'commander';
import { registerCampaignCommands } from './campaign-command.ts';
import { registerGeoCommands } from './geo-command.ts';
import { registerServeCommand } from './serve-command.ts';
// Intake (issue 3)
import { registerAccountCommands } from './account-commands.ts';
import { registerImportCommand } from './import-command.ts';
import { registerSimulateCommand } from './simulate-command.ts';
// Demo (issue 7)
import { registerReplayCommand } from './replay-command.ts';

/** `vungxanh`: the one command operators, the demo and CI use. */
export function buildCli(): Command {
  const program = new Command('vungxanh')
    .description('Vùng Xanh — bản đồ nguy cơ COVID-19 và thi đua / risk map and emulation campaigns')
    .option('--database <url>', 'sqlite:PATH or postgres://… (default: $VX_DATABASE_URL or sqlite:data/vungxanh.sqlite)');
  registerServeCommand(program);
  registerGeoCommands(program);
  // Intake (issue 3)
  registerImportCommand(program);
  registerAccountCommands(program);
  registerCampaignCommands(program);
  registerSimulateCommand(program);
  registerReplayCommand(program);
  return program;
}

await buildCli().parseAsync(process.argv);
