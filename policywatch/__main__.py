if __name__ == "__main__":  # worker processes (spawn/forkserver) import this module: it must load nothing
    from policywatch.cli import main

    main()
