validate gen/deep-chain
