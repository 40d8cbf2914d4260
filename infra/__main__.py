"""`python -m infra` (`make synth`): writes the CloudFormation templates to infra/cdk.out."""

from infra.app import OUTDIR, synth

if __name__ == "__main__":
    assembly = synth()
    for stack in assembly.stacks:
        print(f"{stack.stack_name}: {OUTDIR / stack.template_file}")
